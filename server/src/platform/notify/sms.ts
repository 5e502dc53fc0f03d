/**
 * SMS: the interface a provider is wired behind (Aliyun, Tencent Cloud … each needs a signed
 * contract, a registered signature 签名 and approved templates 模板, so none is wired here).
 *
 * To add one: implement `SmsSender` (send one templated message to a mainland number, throw on a
 * refusal so the job retries), call `setSmsSender()` at start-up when its settings are present,
 * and give the kinds that should go by SMS an `sms` template id. Sends must go through a job,
 * like e-mail (`notify.email`), never on the request.
 */
export interface SmsSender {
  send(to: string, templateId: string, params: Record<string, string>): Promise<void>;
}

let sender: SmsSender | null = null;

export function setSmsSender(s: SmsSender | null): void {
  sender = s;
}

/** null: no provider wired (the default); notifications then go by inbox and e-mail only. */
export function smsSender(): SmsSender | null {
  return sender;
}
