import { notBuilt } from '../errors.js';

export async function addKey(): Promise<void> {
  notBuilt('auth add-key');
}

export async function setSecret(): Promise<void> {
  notBuilt('secrets set');
}
