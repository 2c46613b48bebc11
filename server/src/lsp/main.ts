// placeholder: filled by the LSP work
export {};
