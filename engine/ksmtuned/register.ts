import { registerAnalyzer } from '../language/registry';
import { analyzeKsmtuned } from './analyzer';

registerAnalyzer(['ksmtuned'], analyzeKsmtuned);
