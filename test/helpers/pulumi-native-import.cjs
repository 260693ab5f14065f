// Loaded with require() so that Node, not Vite, evaluates it: its import() is Node's own loader.
exports.nativeImport = (specifier) => import(specifier);
