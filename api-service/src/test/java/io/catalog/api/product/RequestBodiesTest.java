package io.catalog.api.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.catalog.api.BoundedBody;
import jakarta.ws.rs.WebApplicationException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The body reader starts small and grows: every length it must take comes back whole and unchanged,
 * however the stream hands it over, and one byte past the limit is a 413.
 */
class RequestBodiesTest {

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(
      ints = {
        0,
        1,
        300,
        BoundedBody.FIRST_BUFFER - 1,
        BoundedBody.FIRST_BUFFER,
        BoundedBody.FIRST_BUFFER + 1,
        4 * BoundedBody.FIRST_BUFFER,
        50_000,
        RequestBodies.MAX_BODY
      })
  void aBodyUpToTheLimitIsReadWholeEvenInSmallPieces(int length) {
    byte[] body = new byte[length];
    new Random(length).nextBytes(body);

    assertThat(RequestBodies.read(new ByteArrayInputStream(body))).isEqualTo(body);
    assertThat(RequestBodies.read(trickle(body, 7))).isEqualTo(body);
  }

  @Test
  void oneBytePastTheLimitIsA413() {
    byte[] body = new byte[RequestBodies.MAX_BODY + 1];

    assertThatThrownBy(() -> RequestBodies.read(trickle(body, 1000)))
        .isInstanceOfSatisfying(
            WebApplicationException.class,
            e -> assertThat(e.getResponse().getStatus()).isEqualTo(413));
  }

  /** A stream that hands over at most {@code piece} bytes per read, as a socket may. */
  private static InputStream trickle(byte[] body, int piece) {
    return new ByteArrayInputStream(body) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, piece));
      }
    };
  }
}
