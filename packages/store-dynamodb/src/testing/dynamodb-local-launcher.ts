/**
 * A Java source file (run by `java File.java`, no compile step) that starts
 * DynamoDB Local bound to one host address, which its command line cannot
 * do (it listens on every interface), on a port the OS picks when asked for
 * port 0. It prints `RETRYSAFE_LISTENING <port>` once serving, or
 * `RETRYSAFE_FAILED <reason>`, and exits when its stdin closes, so it never
 * outlives the process that started it.
 *
 * It uses `ServerRunner.createServerFromCommandLineArgs`, DynamoDB Local's
 * documented embedding entry, then sets host and port on the Jetty
 * connector before starting it.
 */
export const LISTENING_MARKER = 'RETRYSAFE_LISTENING';
export const FAILED_MARKER = 'RETRYSAFE_FAILED';
export const LAUNCHER_FILE_NAME = 'RetrysafeDynamoDbLocal.java';

export const LAUNCHER_SOURCE = `
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class RetrysafeDynamoDbLocal {
  /** Any valid port for the command-line check; the connector's port replaces it. */
  private static final String PLACEHOLDER_PORT = "8000";

  public static void main(String[] args) throws Exception {
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    try {
      DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(
          new String[] {"-inMemory", "-disableTelemetry", "-port", PLACEHOLDER_PORT});
      Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
      serverField.setAccessible(true);
      Server server = (Server) serverField.get(proxy);
      ServerConnector connector = (ServerConnector) server.getConnectors()[0];
      connector.setHost(host);
      connector.setPort(port);
      proxy.start();
      int localPort = connector.getLocalPort();
      if (localPort <= 0) throw new IllegalStateException("not listening on " + host + ":" + port);
      System.out.println("${LISTENING_MARKER} " + localPort);
      System.out.flush();
    } catch (Throwable failure) {
      System.out.println("${FAILED_MARKER} " + failure);
      System.out.flush();
      System.exit(1);
    }
    while (System.in.read() != -1) {
      // Serve until the parent closes our stdin (or dies).
    }
    System.exit(0);
  }
}
`;
