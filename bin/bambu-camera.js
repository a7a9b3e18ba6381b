#!/usr/bin/env node
import '../dist/cli/bambu-camera.js';
