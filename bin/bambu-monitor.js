#!/usr/bin/env node
import '../dist/cli/bambu-monitor.js';
