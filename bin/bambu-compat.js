#!/usr/bin/env node
import '../dist/cli/bambu-compat.js';
