/**
 * The one logger of every function: powertools, JSON lines, with event logging off. What may be
 * logged is decided at each call: ids, counts, durations, rule ids, error names. Never a body,
 * an event, a contact, a narrative, a receipt or an error's message (which can quote input).
 */
import { Logger } from "@aws-lambda-powertools/logger";

export const logger = new Logger({ serviceName: "intake" });
