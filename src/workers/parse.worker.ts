// The parse worker: reads prompt files off the page's thread, so a large file never freezes the page.
// Separate from the engine worker, whose queue may be busy with long jobs. Rows go in slices, so the
// page deserialises a 100k-row file in many short tasks rather than one long one.
import { respond, type ParseRequest, type ParseResponse } from './parseProtocol';

const scope = self as unknown as {
  postMessage(message: ParseResponse): void;
  onmessage: ((event: MessageEvent<ParseRequest>) => void) | null;
};

scope.onmessage = (event) => respond(event.data, (message) => scope.postMessage(message));
