package io.tokenmeter.core.ledger.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Cuts a JSONL day file back to its last whole line: a file whose last byte is not a newline was torn mid-line. */
final class TornTail {

	private static final Log logger = LogFactory.getLog(TornTail.class);

	private TornTail() {
	}

	/**
	 * @param file the day file (nothing happens when it does not exist)
	 * @param afterFailedWrite whether the tear is our own failed write's (already logged as a write failure), not
	 * a crash's
	 */
	static void cut(Path file, boolean afterFailedWrite) throws IOException {
		if (!Files.exists(file)) {
			return;
		}
		try (FileChannel existing = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			long size = existing.size();
			if (size == 0 || lastByte(existing, size) == '\n') {
				return;
			}
			long keep = 0;
			ByteBuffer block = ByteBuffer.allocate(8192);
			for (long end = size; end > 0 && keep == 0;) {
				long start = Math.max(0, end - block.capacity());
				block.clear().limit((int) (end - start));
				existing.read(block, start);
				for (int i = block.position() - 1; i >= 0; i--) {
					if (block.get(i) == '\n') {
						keep = start + i + 1;
						break;
					}
				}
				end = start;
			}
			existing.truncate(keep);
			if (afterFailedWrite) {
				return;
			}
			logger.warn("tokenmeter: cut a torn last line (" + (size - keep) + " bytes, from an unclean stop) off "
					+ file);
		}
	}

	private static byte lastByte(FileChannel channel, long size) throws IOException {
		ByteBuffer one = ByteBuffer.allocate(1);
		channel.read(one, size - 1);
		return one.get(0);
	}

}
