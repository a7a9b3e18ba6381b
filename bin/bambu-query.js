#!/usr/bin/env node
import '../dist/cli/bambu-query.js';
