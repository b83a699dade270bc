// Which days of a bar chart get a label: as many as fit the chart's width, counted back from the
// latest day so today is always named, never closer together than `spacing` pixels.

/** The indexes (ascending) of the days to label in a chart `width` px wide. */
export function labelledDays(count: number, width: number, spacing: number): number[] {
  if (count <= 0) return [];
  const column = width / count;
  // Room for at least two labels unless the chart is too narrow to hold one.
  const step = column > 0 ? Math.max(1, Math.ceil(spacing / column)) : count;
  const indexes: number[] = [];
  for (let i = count - 1; i >= 0; i -= step) indexes.unshift(i);
  return indexes;
}
