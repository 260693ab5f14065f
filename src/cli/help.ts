/** Usage text per command, printed by `--help` (and `trigger-iac` with no command). */
export const HELP: Record<string, string> = {
  main: `trigger-iac — manage Trigger.dev projects as code

Usage: trigger-iac <command> [options]

Commands:
  validate   Check configuration files (no API calls)
  plan       Show what apply would change in the live project
  apply      Make the live project match the configuration
  parity     Show what differs between environments, live (values never shown)
  import     Write a configuration from a live project
  emulator   Run a local Trigger.dev API for tests and demos

Common options:
  --api-url URL   API base URL (default: TRIGGER_API_URL, the file's apiUrl, https://api.trigger.dev)
  --no-color      No colours (also NO_COLOR=1)
  -h, --help      Help for a command: trigger-iac plan --help
  --version       Print the version

Credentials (environment only): TRIGGER_ACCESS_TOKEN (tr_pat_…), or TRIGGER_SECRET_KEY_DEV / _STAGING /
_PROD / _PREVIEW (TRIGGER_SECRET_KEY when one environment is in play). TRIGGER_PREVIEW_BRANCH names the
preview branch the preview environment's requests act on (needed with a preview secret key).
Exit codes: 0 success, 1 error, 2 changes (plan --detailed-exitcode).
`,
  validate: `Usage: trigger-iac validate [-f FILE]... [--refresh-timezones]

Checks configuration files: syntax, unknown keys, cron, timezones, fromEnv variables. No API calls, except
GET /api/v1/timezones (no credentials) with --refresh-timezones.
Warnings are printed; exit code 0 when valid, 1 otherwise.

Options:
  -f, --file FILE         Configuration file (repeatable; default trigger-iac.yaml or trigger-iac.config.ts)
  --refresh-timezones     Check timezones against the server's live list instead of the shipped snapshot
`,
  plan: `Usage: trigger-iac plan [-f FILE]... [--env NAME]... [--format text|markdown|json] [--out PLAN.json]
                        [--detailed-exitcode] [--show-values]

Reads the live project and shows what apply would change. Changes nothing.

Options:
  -f, --file FILE        Configuration file (repeatable; default trigger-iac.yaml)
  --env NAME             Only this environment (repeatable): dev, staging, prod, preview
  --format FORMAT        text (default), markdown (pull-request comments) or json
  --out PLAN.json        Also write the plan as JSON, for apply --plan (holds no secret values)
  --detailed-exitcode    Exit 2 when there are changes, 0 when none, 1 on error
  --show-values          Show values of variables that are not secret (secret ones never are)
`,
  apply: `Usage: trigger-iac apply [-f FILE]... [--env NAME]... [--plan PLAN.json] [--auto-approve] [--max-deletes N]

Makes the live project match the configuration. Asks for confirmation on a terminal.

Options:
  -f, --file FILE      Configuration file (repeatable; default trigger-iac.yaml)
  --env NAME           Only this environment (repeatable)
  --plan PLAN.json     Apply exactly this reviewed plan without asking; refused when stale
  --auto-approve       Do not ask (required without --plan when stdin is not a terminal, e.g. in CI)
  --max-deletes N      Refuse when the plan deletes or replaces more than N objects
`,
  parity: `Usage: trigger-iac parity [-f FILE]... [--format text|markdown|json]

Reads the live project (exactly what plan reads) and shows what differs between its environments: one row per
env var, schedule, queue setting and deployed version, one column per environment. Cells: same, differs (A, B…:
equal letters are equal values), missing, inherited (a preview branch's variable from the preview environment),
only here, not compared (a secret whose value is not read), not managed. Values, secret or not, are compared by digest in memory and never printed. Changes nothing.

Options:
  -f, --file FILE        Configuration file (repeatable; default trigger-iac.yaml, else trigger-iac.config.ts)
  --format FORMAT        text (default), markdown or json (every setting, with its cells)
`,
  import: `Usage: trigger-iac import --project REF --env NAME... [-o FILE]

Reads a live project and writes a configuration that plans clean against it, to adopt an existing project.
Secret values are never written: they become { fromEnv: NAME, secret: true } references, listed at the end.
Declarative schedules (defined in code) are not imported.

Options:
  --project REF    Project ref (proj_…)
  --env NAME       Environment to import (repeatable): dev, staging, prod, preview
  -o, --out FILE   Write to FILE instead of standard output (refuses to overwrite an existing file)
`,
  emulator: `Usage: trigger-iac emulator [--port N] [--seed FILE] [--state FILE] [--latency MS] [--faults SPEC]

Runs a local Trigger.dev API on 127.0.0.1 and prints its URL and credentials. Stops on Ctrl-C.

Options:
  --port N         Port (default 0: any free port)
  --seed FILE      Seed file (YAML or JSON) with projects, keys, deployments, variables, schedules, queues
  --state FILE     Persist state to FILE (loaded on start when it exists)
  --latency MS     Added latency per request, e.g. 50 or 20-200
  --faults SPEC    Fault injection, e.g. "429:0.1,500:0.05,reset:0.02,timeout:0.01"
`,
};
