/** The page's element with this id (the ids are index.html's). */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
/** The select with this id. */
export const sel = (id: string): HTMLSelectElement => $<HTMLSelectElement>(id);
/** The input with this id. */
export const inp = (id: string): HTMLInputElement => $<HTMLInputElement>(id);
