// Dispatches are at most 65535 workgroups per dimension, so long 1-D jobs use a 2-D grid of `grid_x` columns.
// The flat index of workgroup `wg` (counting workgroups, not invocations).
fn flat_workgroup(wg: vec3<u32>, grid_x: u32) -> u32 {
  return wg.y * grid_x + wg.x;
}
