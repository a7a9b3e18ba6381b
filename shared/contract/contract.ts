import { z } from 'zod';
import type { EventChannel, RequestChannel } from './channels.ts';
import {
  CommandAck,
  ConnectionTestInput,
  ConnectionTestReport,
  FarmSnapshot,
  PrinterChanges,
  PrinterCommand,
  PrinterId,
  PrinterInput,
  PrinterPatchBatch,
  PrinterView,
  TemperatureHistory,
} from './farm-schemas.ts';
import type { Result } from './result.ts';
import { alertRequestSchemas, type AlertRequestValues } from './alert-schemas.ts';
import {
  appEventSchemas,
  appRequestSchemas,
  type AppEventValues,
  type AppRequestValues,
} from './app-notices.ts';
import {
  cloudEventSchemas,
  cloudRequestSchemas,
  type CloudEventValues,
  type CloudRequestValues,
} from './cloud-schemas.ts';
import {
  notifyEventSchemas,
  notifyRequestSchemas,
  type NotifyEventValues,
  type NotifyRequestValues,
} from './notify-schemas.ts';
import { printRequestSchemas, type PrintRequestValues } from './print-contract.ts';
import { PrintJobView } from './print-schemas.ts';
import {
  recordsEventSchemas,
  recordsRequestSchemas,
  type RecordsEventValues,
  type RecordsRequestValues,
} from './records-schemas.ts';
import {
  queueEventSchemas,
  queueRequestSchemas,
  type QueueEventValues,
  type QueueRequestValues,
} from './queue-schemas.ts';

interface RequestSpec {
  input: z.ZodTuple;
  output: z.ZodType;
}

/**
 * Every request: its arguments (a tuple, parsed by the engine's side of each transport) and its value.
 * `satisfies` rejects a channel without a schema and a schema without a channel.
 */
export const requestSchemas = {
  'farm:get-snapshot': { input: z.tuple([]), output: FarmSnapshot },
  'printer:add': { input: z.tuple([PrinterInput]), output: PrinterView },
  'printer:update': { input: z.tuple([PrinterId, PrinterChanges]), output: PrinterView },
  'printer:remove': { input: z.tuple([PrinterId]), output: z.null() },
  'printer:test-connection': {
    input: z.tuple([ConnectionTestInput]),
    output: ConnectionTestReport,
  },
  'printer:send-command': { input: z.tuple([PrinterId, PrinterCommand]), output: CommandAck },
  'printer:get-history': { input: z.tuple([PrinterId]), output: TemperatureHistory },
  ...printRequestSchemas,
  ...notifyRequestSchemas,
  ...cloudRequestSchemas,
  ...appRequestSchemas,
  ...recordsRequestSchemas,
  ...queueRequestSchemas,
  ...alertRequestSchemas,
} satisfies Record<RequestChannel, RequestSpec>;

/** Every event pushed by the engine. */
export const eventSchemas = {
  'printers:patched': PrinterPatchBatch,
  'print-job:changed': PrintJobView,
  ...notifyEventSchemas,
  ...cloudEventSchemas,
  ...appEventSchemas,
  ...recordsEventSchemas,
  ...queueEventSchemas,
} satisfies Record<EventChannel, z.ZodType>;

export type RequestInput<C extends RequestChannel> = z.input<(typeof requestSchemas)[C]['input']>;
export type RequestArgs<C extends RequestChannel> = z.output<(typeof requestSchemas)[C]['input']>;
/** Values of each request (declared types where the schema's inferred type is looser than the domain's). */
interface RequestValues
  extends
    PrintRequestValues,
    NotifyRequestValues,
    CloudRequestValues,
    AppRequestValues,
    RecordsRequestValues,
    QueueRequestValues,
    AlertRequestValues {
  'farm:get-snapshot': FarmSnapshot;
  'printer:add': PrinterView;
  'printer:update': PrinterView;
  'printer:remove': null;
  'printer:test-connection': ConnectionTestReport;
  'printer:send-command': CommandAck;
  'printer:get-history': TemperatureHistory;
}
interface EventValues
  extends
    NotifyEventValues,
    CloudEventValues,
    AppEventValues,
    RecordsEventValues,
    QueueEventValues {
  'printers:patched': PrinterPatchBatch;
  'print-job:changed': PrintJobView;
}
export type RequestOutput<C extends RequestChannel> = RequestValues[C];
export type EventPayload<C extends EventChannel> = EventValues[C];
/** Any event with its channel, as the engine publishes it to transports. */
export type FarmEvent = {
  [C in EventChannel]: { channel: C; payload: EventPayload<C> };
}[EventChannel];

/** What a face of the engine offers the renderer: `window.farm` in Electron, a WebSocket client in a browser. */
export interface FarmBridge {
  request<C extends RequestChannel>(
    channel: C,
    ...args: RequestInput<C>
  ): Promise<Result<RequestOutput<C>>>;
  subscribe<C extends EventChannel>(
    channel: C,
    listener: (payload: EventPayload<C>) => void,
  ): () => void;
}

/** Engine-side implementation of every request, with parsed arguments. Transports bind channels to it. */
export type RequestHandlers = {
  [C in RequestChannel]: (...args: RequestArgs<C>) => Promise<RequestOutput<C>>;
};
