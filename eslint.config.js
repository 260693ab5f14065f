import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "examples/pulumi/node_modules/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Only the CLI prints or exits (style.md habit 4).
    files: ["src/**/*.ts"],
    ignores: ["src/cli/**", "src/emulator/cli.ts"],
    rules: { "no-console": "error", "no-restricted-properties": ["error", { object: "process", property: "exit" }] },
  },
);
