/**
 * Tokenizers from GGUF metadata (SentencePiece and byte-level BPE, as llama.cpp), streaming
 * detokenization, and chat templates.
 *
 * @module
 */

export { createTokenizer, type DecodeOptions, type EncodeOptions, type Tokenizer } from "./tokenizer.ts";
export type { StreamDecoder } from "./stream_decoder.ts";
export { type ChatMessage, type ChatTemplateOptions, renderChatTemplate, strftime } from "./chat_template.ts";
