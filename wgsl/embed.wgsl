// Embedding lookup: out[out_offset + j] = element j of one table row, dequantized with the format file's
// dequant_elem. One dispatch per token (the host knows the ids and validated them); one invocation per
// element, 256 per workgroup. `row_byte` is the row's byte offset inside the bound range of the table.
struct Params {
  cols: u32,
  row_byte: u32,
  out_offset: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
// The format's lookup table (IQ3_S's grid); formats without one leave it unused and get a placeholder.
@group(0) @binding(3) var<storage, read> format_table: array<u32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j < params.cols) {
    let block = params.row_byte + (j / BLOCK_ELEMS) * BLOCK_BYTES;
    out[params.out_offset + j] = dequant_elem(block, j % BLOCK_ELEMS);
  }
}
