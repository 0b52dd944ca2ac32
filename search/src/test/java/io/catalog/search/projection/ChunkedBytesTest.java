package io.catalog.search.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.junit.jupiter.api.Test;

class ChunkedBytesTest {

  @Test
  void bytesWrittenAcrossManyChunksStreamBackInOrderAndAsOneArray() throws Exception {
    Random random = new Random(42);
    ChunkedBytes chunked = new ChunkedBytes();
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    // Writes of every size around the chunk's edge, single bytes among them.
    while (expected.size() < 5 * ChunkedBytes.CHUNK + 17) {
      byte[] part = new byte[random.nextInt(ChunkedBytes.CHUNK + 100)];
      random.nextBytes(part);
      int off = part.length == 0 ? 0 : random.nextInt(part.length);
      chunked.write(part, off, part.length - off);
      expected.write(part, off, part.length - off);
      chunked.write(7);
      expected.write(7);
    }

    HttpEntity entity = chunked.entity(ContentType.APPLICATION_OCTET_STREAM);

    assertThat(entity.getContentLength()).isEqualTo(expected.size());
    assertThat(chunked.toByteArray()).isEqualTo(expected.toByteArray());
    assertThat(entity.getContent().readAllBytes()).isEqualTo(expected.toByteArray());
    // Repeatable: a retried request reads the same bytes again.
    assertThat(entity.isRepeatable()).isTrue();
    assertThat(entity.getContent().readAllBytes()).isEqualTo(expected.toByteArray());
  }

  @Test
  void anEmptyBodyIsAnEmptyStream() throws Exception {
    ChunkedBytes chunked = new ChunkedBytes();

    assertThat(chunked.entity(ContentType.APPLICATION_OCTET_STREAM).getContentLength()).isZero();
    assertThat(chunked.read().readAllBytes()).isEmpty();
  }
}
