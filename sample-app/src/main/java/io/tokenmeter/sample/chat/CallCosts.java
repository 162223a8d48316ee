package io.tokenmeter.sample.chat;

import io.tokenmeter.core.call.LlmCall;
import io.tokenmeter.core.call.LlmCallListener;

/**
 * Hands the call tokenmeter just recorded back to the code that made it, so a reply can show its cost.
 *
 * <p>tokenmeter records a call on the thread that made it (for a stream: the thread that completed it, just
 * before the completion reaches the subscriber), so the call recorded last on the current thread is the one that
 * just returned or completed. One call per thread is kept, so threads that never ask hold at most one record.
 */
public final class CallCosts implements LlmCallListener {

	private final ThreadLocal<LlmCall> lastOnThisThread = new ThreadLocal<>();

	@Override
	public void onCall(LlmCall call) {
		this.lastOnThisThread.set(call);
	}

	/** Forgets what was recorded on this thread before a new call. */
	void clear() {
		this.lastOnThisThread.remove();
	}

	/** The call recorded last on this thread, or null; removed so it is never reported twice. */
	LlmCall take() {
		LlmCall call = this.lastOnThisThread.get();
		this.lastOnThisThread.remove();
		return call;
	}

}
