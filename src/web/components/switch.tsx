// An on/off switch (a button with role="switch"), for a command's or a module's enabled state.

export function Switch({ checked, label, onChange, id, disabled, describedBy }: { checked: boolean; label: string; onChange: () => void; id?: string; disabled?: boolean; describedBy?: string }) {
  return (
    <button
      type="button"
      role="switch"
      id={id}
      disabled={disabled}
      aria-checked={checked}
      aria-label={label}
      aria-describedby={describedBy}
      onClick={onChange}
      className={`relative inline-flex h-6 w-11 shrink-0 items-center rounded-full transition-colors disabled:cursor-not-allowed disabled:opacity-60 ${checked ? 'bg-brand-500' : 'bg-zinc-300 dark:bg-zinc-700'}`}
    >
      <span className={`inline-block size-5 rounded-full bg-white shadow transition-transform ${checked ? 'translate-x-5.5' : 'translate-x-0.5'}`} />
    </button>
  );
}
