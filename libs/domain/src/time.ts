/** An instant as ECS writes it on the wire: seconds since the epoch, milliseconds as the fraction. */
export function toEpochSeconds(date: Date): number {
  return date.getTime() / 1000;
}
