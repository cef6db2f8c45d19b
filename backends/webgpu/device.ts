/**
 * Finding a WebGPU adapter and opening a device with the limits and features the kernels use.
 *
 * @module
 */

import { BackendError } from "../../src/errors.ts";

/** An opened device and what it offers. */
export interface GpuDevice {
  /** The device. */
  readonly device: GPUDevice;
  /** Adapter description for `BackendInfo`. */
  readonly description: string;
  /** Whether `shader-f16` is enabled (F16 weights are then read as native f16). */
  readonly shaderF16: boolean;
  /** Whether WGSL's `dot4I8Packed` is used (`packed_4x8_integer_dot_product`). */
  readonly packedDot: boolean;
}

/**
 * Requests an adapter from `gpu` (normally `navigator.gpu`) and a device with the adapter's largest storage
 * buffer limits. A missing WebGPU API or adapter is a `BackendError` that says how to get one.
 */
export async function openGpuDevice(
  gpu: GPU | undefined,
  powerPreference: GPUPowerPreference,
  preferShaderF16: boolean,
  preferPackedDot: boolean,
): Promise<GpuDevice> {
  const hint = "install a Vulkan driver (e.g. apt-get install mesa-vulkan-drivers) and set " +
    "DENO_WEBGPU_BACKEND=vulkan";
  if (gpu === undefined) {
    throw new BackendError(`WebGPU is not available in this runtime; ${hint}`, {
      context: { runtime: `Deno ${Deno.version.deno}` },
    });
  }
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference });
  } catch (cause) {
    throw new BackendError(`requesting a WebGPU adapter failed; ${hint}`, { cause });
  }
  if (adapter === null) {
    throw new BackendError(`no WebGPU adapter found; ${hint}`, { context: { powerPreference } });
  }
  const shaderF16 = preferShaderF16 && adapter.features.has("shader-f16");
  try {
    const device = await adapter.requestDevice({
      requiredFeatures: shaderF16 ? ["shader-f16"] : [],
      requiredLimits: {
        maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
        maxBufferSize: adapter.limits.maxBufferSize,
        maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
        maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
      },
    });
    const info = adapter.info;
    const description = [info.description || info.device, info.vendor, info.architecture]
      .filter((part) => part).join(", ");
    // `wgslLanguageFeatures` is missing from Deno's GPU type, and from older runtimes.
    const languageFeatures = (gpu as { wgslLanguageFeatures?: ReadonlySet<string> }).wgslLanguageFeatures;
    const packedDot = preferPackedDot && languageFeatures?.has("packed_4x8_integer_dot_product") === true;
    return { device, description, shaderF16, packedDot };
  } catch (cause) {
    throw new BackendError("opening the WebGPU device failed", { cause });
  }
}
