// Entry point of the bambu-camera command (bin/bambu-camera.js imports the compiled file).
import { runCamera } from './camera-command.ts';
import { runAsProcess } from './process-io.ts';

await runAsProcess(runCamera);
