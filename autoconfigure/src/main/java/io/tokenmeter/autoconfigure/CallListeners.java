package io.tokenmeter.autoconfigure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import io.tokenmeter.core.call.LlmCallListener;
import io.tokenmeter.core.call.internal.MeteringStage;
import io.tokenmeter.core.lifecycle.LlmCallRecorder.StagedListener;

/**
 * The recorder's listeners: tokenmeter's own stages, then every plain {@link LlmCallListener} bean of the
 * application as an {@link MeteringStage#EVENTS events} stage. A listener bean that one of the stages already wraps
 * (the metrics are a bean and a listener) is not called twice.
 */
final class CallListeners {

	private CallListeners() {
	}

	static List<StagedListener> of(List<StagedListener> stages, List<LlmCallListener> beans) {
		Set<LlmCallListener> staged = Collections.newSetFromMap(new IdentityHashMap<>());
		stages.forEach(stage -> staged.add(stage.listener()));
		List<StagedListener> all = new ArrayList<>(stages);
		for (LlmCallListener bean : beans) {
			if (!staged.contains(bean)) {
				all.add(new StagedListener(MeteringStage.EVENTS, bean));
			}
		}
		return all;
	}

}
