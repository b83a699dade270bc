// Applies the saved theme (or the system's) before the dashboard loads.
(() => {
  let saved = null;
  try {
    saved = localStorage.getItem('concord-theme');
  } catch {
    // Storage blocked: follow the system.
  }
  const dark = saved === 'dark' || (saved !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.classList.toggle('dark', dark);
})();
