/**
 * Drives the REAL Pulumi dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`, started through the
 * `pulumi-resource-pulumi-nodejs` launcher exactly as the engine does) over its gRPC protocol, without the
 * Pulumi CLI. Adapted from shared/reference/pulumi-dynamic.md §2.2: the engine behaviours that matter here
 * (secret stripping on requests, `annotateSecrets` on responses, which property bag each RPC receives, no
 * Create/Update during preview) are copied from the engine's provider client.
 */
import * as grpc from "@grpc/grpc-js";
import { spawn, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as readline from "node:readline";

const require = createRequire(import.meta.url);
const provrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const enginerpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");
const rpc = require("@pulumi/pulumi/runtime/rpc");

export const SIG_KEY: string = rpc.specialSigKey;
export const SECRET_SIG: string = rpc.specialSecretSig;
/** The string the engine sends for a value that is unknown during a preview. */
export const UNKNOWN: string = rpc.unknownValue;

export type Props = Record<string, any>;

/** A wire-format secret, as the engine stores secret values. */
export const secret = (value: unknown): Props => ({ [SIG_KEY]: SECRET_SIG, value });
export const isSecret = (v: any): boolean => !!v && typeof v === "object" && v[SIG_KEY] === SECRET_SIG;
const containsSecrets = (v: any): boolean =>
  isSecret(v) || (!!v && typeof v === "object" && Object.values(v).some(containsSecrets));

/** Engine `removeSecrets`: what a provider with acceptSecrets=false receives. */
export function stripSecrets(v: any): any {
  if (isSecret(v)) return stripSecrets(v.value);
  if (Array.isArray(v)) return v.map(stripSecrets);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, stripSecrets(x)]));
  return v;
}

/** Engine `annotateSecrets(outs, ins)`: outputs inherit secretness from same-named inputs only. */
export function annotateSecrets(outs: Props, ins: Props): Props {
  const res: Props = { ...outs };
  for (const [k, inV] of Object.entries(ins)) {
    if (!(k in res)) continue;
    const outV = res[k];
    if (outV && inV && typeof outV === "object" && typeof inV === "object" && !isSecret(outV) && !isSecret(inV)) {
      res[k] = annotateSecrets(outV, inV);
    } else if (!isSecret(outV) && containsSecrets(inV)) {
      res[k] = secret(outV);
    }
  }
  return res;
}

/** The resource option `additionalSecretOutputs`, applied the way the engine does (top-level keys only). */
export function markAdditionalSecrets(outs: Props, keys: readonly string[]): Props {
  const res: Props = { ...outs };
  for (const k of keys) if (k in res && !isSecret(res[k])) res[k] = secret(res[k]);
  return res;
}

/** Replaces every secret-wrapped value by a marker: what is left is what the state holds in plaintext. */
export function withoutSecretValues(v: any): any {
  if (isSecret(v)) return "[secret]";
  if (Array.isArray(v)) return v.map(withoutSecretValues);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutSecretValues(x)]));
  return v;
}

const toStruct = (o: Props) => Struct.fromJavaScript(stripSecrets(o));

export interface HostOptions {
  /** The engine launches plugins with cwd = the project directory. */
  projectDir: string;
  /** Becomes PULUMI_NODEJS_PROJECT / PULUMI_PROJECT, as the engine sets them. */
  project: string;
  /** Full stack config, namespaced keys ("proj:key"); `secret(...)` for secure values. */
  config?: Props;
  /** Added to the inherited environment (the CLI's environment is inherited by plugins). */
  env?: Record<string, string>;
}

/** Error of a failed RPC: gRPC code and the host's message. */
export interface HostCallError extends Error {
  code: number;
  details: string;
}

export class DynamicProviderHost {
  public protocol = { acceptSecrets: false, supportsPreview: false };
  /** Every property bag the host sent back (check inputs, create/update/read outputs, read inputs), to scan for leaks. */
  public readonly responses: Props[] = [];
  private constructor(
    private readonly proc: ChildProcess,
    private readonly client: any,
    private readonly engine: grpc.Server,
    /** Everything the host printed (stderr, and stdout after the port line). */
    public readonly output: string[],
  ) {}

  static async start(o: HostOptions): Promise<DynamicProviderHost> {
    // A fake Engine service: its address is argv[1] like host.ServerAddr(); this host version never dials it.
    const engine = new grpc.Server();
    engine.addService(enginerpc.EngineService, {
      log: (_c: any, cb: any) => cb(null, new Empty()),
      getRootResource: (_c: any, cb: any) => cb({ code: grpc.status.UNIMPLEMENTED }),
      setRootResource: (_c: any, cb: any) => cb({ code: grpc.status.UNIMPLEMENTED }),
      startDebugging: (_c: any, cb: any) => cb(null, new Empty()),
      requirePulumiVersion: (_c: any, cb: any) => cb({ code: grpc.status.UNIMPLEMENTED }),
    });
    const enginePort = await new Promise<number>((res, rej) =>
      engine.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? rej(e) : res(p))),
    );
    // Launch like the CLI: the launcher script resolves the host from the cwd (the project directory).
    const launcher = path.join(
      path.dirname(require.resolve("@pulumi/pulumi/package.json")),
      "pulumi-resource-pulumi-nodejs",
    );
    const proc = spawn("sh", [launcher, `127.0.0.1:${enginePort}`], {
      cwd: o.projectDir,
      env: {
        ...process.env,
        ...o.env,
        PULUMI_NODEJS_PROJECT: o.project,
        PULUMI_PROJECT: o.project,
        PULUMI_CONFIG: "{}",
      },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // own process group: `sh` runs `node` without exec; the engine kills the group too
    });
    const output: string[] = [];
    proc.stderr!.on("data", (d) => output.push(String(d)));
    const rl = readline.createInterface({ input: proc.stdout! });
    const port = await new Promise<string>((res, rej) => {
      rl.once("line", res);
      proc.once("exit", (c) => rej(new Error(`host exited early (${c}): ${output.join("")}`)));
    });
    rl.on("line", (l) => output.push(l));
    const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port.trim()}`, grpc.credentials.createInsecure());
    const host = new DynamicProviderHost(proc, client, engine, output);
    // Configure like the engine configures the default pulumi-nodejs provider: the whole namespaced stack config.
    const creq = new provproto.ConfigureRequest();
    creq.setArgs(Struct.fromJavaScript(o.config ?? {}));
    creq.setAcceptsecrets(true);
    creq.setAcceptresources(true);
    creq.setSendsOldInputs(true);
    creq.setSendsOldInputsToDelete(true);
    creq.setType("pulumi:providers:pulumi-nodejs");
    const cres = await host.call("configure", creq);
    host.protocol = { acceptSecrets: cres.getAcceptsecrets(), supportsPreview: cres.getSupportspreview() };
    return host;
  }

  call(method: string, req: any): Promise<any> {
    return new Promise((res, rej) => this.client[method](req, (e: any, r: any) => (e ? rej(e) : res(r))));
  }

  async check(urn: string, olds: Props, news: Props) {
    const r = new provproto.CheckRequest();
    r.setUrn(urn);
    r.setOlds(toStruct(olds));
    r.setNews(toStruct(news));
    const resp = await this.call("check", r);
    const inputs = annotateSecrets(resp.getInputs()?.toJavaScript() ?? {}, news);
    this.responses.push(inputs);
    return {
      inputs,
      failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })) as {
        property: string;
        reason: string;
      }[],
    };
  }

  async diff(urn: string, id: string, oldInputs: Props, oldOutputs: Props, newInputs: Props) {
    const r = new provproto.DiffRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setOldInputs(toStruct(oldInputs));
    r.setOlds(toStruct(oldOutputs));
    r.setNews(toStruct(newInputs));
    const resp = await this.call("diff", r);
    const C = provproto.DiffResponse.DiffChanges;
    const names: Record<number, string> = { [C.DIFF_UNKNOWN]: "DIFF_UNKNOWN", [C.DIFF_NONE]: "DIFF_NONE", [C.DIFF_SOME]: "DIFF_SOME" };
    return {
      changes: names[resp.getChanges()] as "DIFF_UNKNOWN" | "DIFF_NONE" | "DIFF_SOME",
      replaces: resp.getReplacesList() as string[],
      deleteBeforeReplace: resp.getDeletebeforereplace() as boolean,
    };
  }

  /** `secretOutputs` emulates the resource option `additionalSecretOutputs`. */
  async create(urn: string, props: Props, opts: { preview?: boolean; secretOutputs?: readonly string[] } = {}) {
    if (opts.preview && !this.protocol.supportsPreview) return { id: "", outputs: {} as Props };
    const r = new provproto.CreateRequest();
    r.setUrn(urn);
    r.setProperties(toStruct(props));
    r.setPreview(!!opts.preview);
    const resp = await this.call("create", r);
    const outputs = markAdditionalSecrets(annotateSecrets(resp.getProperties().toJavaScript(), props), opts.secretOutputs ?? []);
    this.responses.push(outputs);
    return { id: resp.getId() as string, outputs };
  }

  async read(urn: string, id: string, inputs: Props, state: Props, opts: { secretOutputs?: readonly string[] } = {}) {
    const r = new provproto.ReadRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setInputs(toStruct(inputs));
    r.setProperties(toStruct(state));
    const resp = await this.call("read", r);
    const outputs = markAdditionalSecrets(annotateSecrets(resp.getProperties()?.toJavaScript() ?? {}, state), opts.secretOutputs ?? []);
    const newInputs = resp.getInputs() ? annotateSecrets(resp.getInputs().toJavaScript(), inputs) : undefined;
    this.responses.push(outputs);
    if (newInputs) this.responses.push(newInputs);
    return { id: resp.getId() as string, outputs, inputs: newInputs };
  }

  async update(urn: string, id: string, oldOutputs: Props, oldInputs: Props, newInputs: Props, opts: { secretOutputs?: readonly string[] } = {}) {
    const r = new provproto.UpdateRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setOlds(toStruct(oldOutputs));
    r.setOldInputs(toStruct(oldInputs));
    r.setNews(toStruct(newInputs));
    const resp = await this.call("update", r);
    const outputs = markAdditionalSecrets(annotateSecrets(resp.getProperties().toJavaScript(), newInputs), opts.secretOutputs ?? []);
    this.responses.push(outputs);
    return { outputs };
  }

  async delete(urn: string, id: string, outputs: Props, oldInputs: Props) {
    const r = new provproto.DeleteRequest();
    r.setUrn(urn);
    r.setId(id);
    r.setProperties(toStruct(outputs));
    r.setOldInputs(toStruct(oldInputs));
    await this.call("delete", r);
  }

  async stop(): Promise<void> {
    this.client.close();
    try {
      process.kill(-this.proc.pid!, "SIGTERM");
    } catch {
      /* already gone */
    }
    this.engine.forceShutdown();
  }
}
