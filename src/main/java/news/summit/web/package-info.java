/**
 * Cross-cutting web concerns: negotiated responses and the fast path, problem+json
 * errors from every layer, and the headers every response carries.
 */
@NullMarked
package news.summit.web;

import org.jspecify.annotations.NullMarked;
