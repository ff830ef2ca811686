// Package ingest is Chartroom's intake: it watches the inbox for scanner
// batches (fsnotify, with a polling fallback for network shares), decides
// when a batch is complete, lists and hashes what arrived (the manifest),
// and moves finished batches to the archive and failed ones to the failed
// folder with a plain-words explanation. Nothing is ever deleted.
//
// Page decoding lives in the pagefile sub-package.
package ingest
