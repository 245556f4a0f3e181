// Composition root of the menu-bar app (DESIGN.md §8). Built out by the Electron issue.
import { app } from 'electron';

void app.whenReady().then(() => {
  app.dock?.hide();
});
