// The parts every filtered list (Logs, Events, Cases) shares: the time range and the button that
// clears the filters, so the lists read and behave alike.
import { TIME_RANGES, type TimeRange } from '../lib/format.ts';
import { button, input, label } from './ui.ts';

/** The "Time" select: every range of TIME_RANGES after `allLabel`, and a custom range where the list offers one. */
export function TimeRangeSelect({ value, onChange, allLabel, custom = false }: { value: TimeRange; onChange: (range: TimeRange) => void; allLabel: string; custom?: boolean }) {
  return (
    <div>
      <label htmlFor="filter-range" className={label}>
        Time
      </label>
      <select id="filter-range" className={`${input} mt-1`} value={value} onChange={(e) => onChange(e.target.value as TimeRange)}>
        <option value="all">{allLabel}</option>
        {Object.entries(TIME_RANGES).map(([key, range]) => (
          <option key={key} value={key}>
            {range.label}
          </option>
        ))}
        {custom && <option value="custom">Custom range…</option>}
      </select>
    </div>
  );
}

/** Clears every filter (off while none is set). */
export function ClearFiltersButton({ disabled, onClear }: { disabled: boolean; onClear: () => void }) {
  return (
    <div className="flex items-end">
      <button type="button" className={`${button.ghost} w-full`} disabled={disabled} onClick={onClear}>
        Clear filters
      </button>
    </div>
  );
}
