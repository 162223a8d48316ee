package io.tokenmeter.core.usage.internal;

/**
 * {@link ProviderDetector} for one call site, which nearly always sees one class (the chat model's options, its
 * SDK's usage object): the last class seen and its provider are kept, so a call costs one field read and one
 * comparison instead of a {@code ClassValue} lookup. The entry is immutable and replaced whole, so threads that
 * race on it read either the old or the new entry, never a mix.
 */
public final class LastProviderOfClass {

	private Entry last = new Entry(Void.class, ProviderDetector.UNKNOWN);

	/** The same as {@link ProviderDetector#providerOf(Object)}. */
	public String providerOf(Object providerObject) {
		if (providerObject == null) {
			return ProviderDetector.UNKNOWN;
		}
		Class<?> type = providerObject.getClass();
		Entry last = this.last;
		if (last.type == type) {
			return last.provider;
		}
		String provider = ProviderDetector.providerOf(providerObject);
		this.last = new Entry(type, provider);
		return provider;
	}

	private record Entry(Class<?> type, String provider) {
	}

}
