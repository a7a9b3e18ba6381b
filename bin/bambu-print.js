#!/usr/bin/env node
import '../dist/cli/bambu-print.js';
