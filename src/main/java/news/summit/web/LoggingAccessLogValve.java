package news.summit.web;

import java.io.CharArrayWriter;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.AbstractAccessLogValve;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The access log, in the common format, through the logger {@value #LOGGER}: off while that
 * logger is above INFO, as it is by default, so one setting turns it on
 * ({@code logging.level.news.summit.access=info}). Its lines go wherever the application's logs
 * go, standard output or a journal, as JSON when structured logging is on; Tomcat's own valve
 * needs a file it can open, which standard output is not when it is a socket. Requests Tomcat
 * refuses itself are logged too; the management port's probes and scrapes are not.
 */
class LoggingAccessLogValve extends AbstractAccessLogValve {

    static final String LOGGER = "news.summit.access";

    private static final Log logger = LogFactory.getLog(LOGGER);

    LoggingAccessLogValve() {
        setPattern("common");
        // The client's address as RemoteIpValve found it (server.forward-headers-strategy=native),
        // not the proxy's: that valve restores the peer's before the access log is written.
        setRequestAttributesEnabled(true);
    }

    /** Nothing is formatted while the logger is off. */
    @Override
    public void log(Request request, Response response, long time) {
        if (logger.isInfoEnabled()) {
            super.log(request, response, time);
        }
    }

    @Override
    protected void log(CharArrayWriter message) {
        logger.info(message.toString());
    }

}
