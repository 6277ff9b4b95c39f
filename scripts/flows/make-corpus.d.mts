// Types for the parts of make-corpus.mjs that tests import.
export interface CaptureStats {
  captured: number;
  dropped: number;
}
export interface Capture {
  stop(): Promise<CaptureStats>;
}
/** tcpdump on `lo`, datagrams to 127.0.0.1:port, into `file`; resolves once it listens. */
export function startCapture(file: string, port: number): Promise<Capture>;
/** softflowd exports `traffic` as NetFlow `version` (5, 9, 10) to 127.0.0.1:`to`, captured into `file`. */
export function softflowd(
  dir: string,
  traffic: string,
  version: 5 | 9 | 10,
  file: string,
  extraArgs: string[],
  to?: number,
): Promise<CaptureStats & { port: number; exported: number | null }>;
/** pmacctd's sfprobe exports `traffic` as sFlow v5 (1 in `rate`) to 127.0.0.1:`to`, captured into `file`. */
export function pmacctSflow(dir: string, traffic: string, file: string, rate: number, to?: number): Promise<CaptureStats & { port: number }>;
