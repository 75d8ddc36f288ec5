/** The page's element with this id (the ids are index.html's). */
export const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
export const sel = (id: string): HTMLSelectElement => $<HTMLSelectElement>(id);
export const inp = (id: string): HTMLInputElement => $<HTMLInputElement>(id);
