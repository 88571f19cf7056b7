export interface Person {
  readonly id: number;
  readonly name: string;
}
