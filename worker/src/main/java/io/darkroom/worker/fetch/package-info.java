/**
 * Fetching an imported image's original from the URL its owner gave: through the egress guard
 * (every address checked, redirects re-checked, the size cap counted while streaming), with a
 * bounded number of fetches per worker and per remote host.
 */
package io.darkroom.worker.fetch;
