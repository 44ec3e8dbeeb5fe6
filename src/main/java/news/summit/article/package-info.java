/**
 * The article feature: its source, parser, service, representations, controller
 * and errors.
 */
@NullMarked
package news.summit.article;

import org.jspecify.annotations.NullMarked;
