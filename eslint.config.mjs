import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypeScript from "eslint-config-next/typescript";

// The presence worker's layout, enforced: the app side may import only party/shared (the wire
// protocol, tickets and signed calls); the worker never imports app code; its shared part
// imports nothing else of the worker's. See docs/architecture.md.
const onlySharedPart = {
  regex: String.raw`(^|/)party/(?!shared/)`,
  message: "App code may import only party/shared/* from the presence worker.",
};
const noAppCode = {
  regex: String.raw`^@/|(^|/)(app|components|hooks|stores|lib|embed|prisma)(/|$)`,
  message: "The presence worker never imports app code.",
};
const sharedStaysShared = {
  regex: String.raw`^\.\./(core|config|entry|site|article|lobby)/`,
  message: "party/shared is shared with the app: it imports nothing else of the worker's.",
};

// zod stays off readers' pages: browser code takes only types from the zod schemas, and checks
// the worker's frames with party/shared/server-frames.ts.
const zodSchemas = {
  regex: String.raw`(^|/)party/shared/(protocol|tickets|signed-calls|insights)$`,
  message: "Browser code imports only types from the zod schemas; constants are in wire-constants.ts, frame checks in server-frames.ts.",
  allowTypeImports: true,
};

const config = [
  ...nextCoreWebVitals,
  ...nextTypeScript,
  {
    // Playwright fixtures call `use`, which is not React's hook.
    files: ["tests/e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    files: ["app/**", "components/**", "hooks/**", "stores/**", "lib/**", "embed/**", "examples/**", "packages/**", "*.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [onlySharedPart] }] },
  },
  {
    files: ["components/**", "hooks/**", "stores/**", "embed/**", "packages/**"],
    rules: { "@typescript-eslint/no-restricted-imports": ["error", { patterns: [zodSchemas] }] },
  },
  {
    files: ["party/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noAppCode] }] },
  },
  {
    files: ["party/shared/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [noAppCode, sharedStaysShared] }] },
  },
  {
    ignores: [
      ".next/**",
      ".next-e2e/**",
      ".next-bench/**",
      ".next-analyze/**",
      "bench/page/bare-app/.next-bench/**",
      "examples/*/.next/**",
      "examples/*/.next-e2e/**",
      ".wrangler/**",
      "dist/**",
      "node_modules/**",
      "test-results/**",
      "playwright-report/**",
      "**/next-env.d.ts",
      "party/worker-configuration.d.ts",
    ],
  },
];

export default config;
