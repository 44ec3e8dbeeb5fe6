/**
 * The summit article API: the application class.
 */
@NullMarked
package news.summit;

import org.jspecify.annotations.NullMarked;
