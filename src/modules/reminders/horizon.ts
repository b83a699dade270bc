// How far ahead a reminder or a scheduled message may be set: a year and a day, so "same day next
// year" still fits. One rule for both, since both run on the same delivery engine.

export const MAX_HORIZON_DAYS = 366;
export const MAX_HORIZON_MS = MAX_HORIZON_DAYS * 86_400_000;
