import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", ".tmp/", "examples/pulumi/node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Plain Node scripts (benchmarks, CommonJS test shims).
    files: ["**/*.mjs", "**/*.cjs"],
    languageOptions: {
      globals: { console: "readonly", process: "readonly", performance: "readonly", require: "readonly", module: "writable", exports: "writable" },
    },
  },
  {
    // Only the CLI prints or exits (style.md habit 4).
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**", "src/emulator/cli.ts"],
    rules: { "no-console": "error", "no-restricted-properties": ["error", { object: "process", property: "exit" }] },
  },
);
