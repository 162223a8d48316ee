package io.tokenmeter.core.ledger.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import io.tokenmeter.core.ledger.LlmCallRecord;

/** The ledger's file names: one file per day, {@code llm-calls-YYYY-MM-DD.jsonl}. */
public final class LedgerFiles {

	static final String PREFIX = "llm-calls-";

	static final String SUFFIX = ".jsonl";

	private LedgerFiles() {
	}

	public static Path fileOf(Path directory, LocalDate day) {
		return directory.resolve(PREFIX + day + SUFFIX);
	}

	/** The day a ledger file holds, or null when the name is not a ledger file's. */
	public static LocalDate dayOf(Path file) {
		String name = file.getFileName().toString();
		if (!name.startsWith(PREFIX) || !name.endsWith(SUFFIX)) {
			return null;
		}
		try {
			return LocalDate.parse(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

	/** The directory's ledger files, oldest day first. */
	public static List<Path> list(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		List<Path> files = new ArrayList<>();
		try (Stream<Path> entries = Files.list(directory)) {
			entries.filter(path -> dayOf(path) != null && Files.isRegularFile(path)).forEach(files::add);
		}
		files.sort(Comparator.comparing(LedgerFiles::dayOf));
		return files;
	}

	/**
	 * Hands every complete record of one day file to {@code action}, in order; blank lines are passed over and
	 * lines that are not records (torn by a crash) are counted, not thrown.
	 * @return how many lines were not records
	 */
	public static long forEachRecord(Path file, LedgerLineCodec codec, Consumer<LlmCallRecord> action) throws IOException {
		long skipped = 0;
		try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			String line;
			while ((line = lines.readLine()) != null) {
				if (line.isBlank()) {
					continue;
				}
				LlmCallRecord record;
				try {
					record = codec.decode(line);
				}
				catch (RuntimeException ex) {
					skipped++;
					continue;
				}
				action.accept(record);
			}
		}
		return skipped;
	}

}
