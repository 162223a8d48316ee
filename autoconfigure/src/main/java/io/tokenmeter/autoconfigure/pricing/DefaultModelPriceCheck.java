package io.tokenmeter.autoconfigure.pricing;

import java.util.List;

import io.tokenmeter.core.internal.InvalidConfigurationException;
import io.tokenmeter.core.pricing.UnknownModelPolicy;
import io.tokenmeter.core.pricing.internal.CallPricer;
import io.tokenmeter.core.pricing.internal.ModelPriceProperty;
import io.tokenmeter.core.usage.internal.ProviderDetector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * At startup, looks up the price of each chat model's default model: with {@code unknown-model=fail} a missing
 * price stops the application, with {@code warn} it is logged once, before the first call.
 */
final class DefaultModelPriceCheck {

	private static final Log logger = LogFactory.getLog(DefaultModelPriceCheck.class);

	private DefaultModelPriceCheck() {
	}

	static void check(List<ChatModel> chatModels, CallPricer pricer, UnknownModelPolicy policy) {
		if (policy == UnknownModelPolicy.IGNORE) {
			return;
		}
		for (ChatModel chatModel : chatModels) {
			ChatOptions options = chatModel.getDefaultOptions();
			String model = options != null ? options.getModel() : null;
			if (model == null) {
				continue;
			}
			String provider = ProviderDetector.providerOf(chatModel);
			if (pricer.find(provider, model) != null) {
				continue;
			}
			String action = "Add a price: " + ModelPriceProperty.howToPrice(model) + ".";
			if (policy == UnknownModelPolicy.FAIL) {
				throw new InvalidConfigurationException("tokenmeter.pricing.models",
						"the default model '" + model + "' of " + chatModel.getClass().getSimpleName()
								+ " has no price and tokenmeter.pricing.unknown-model is 'fail'",
						action);
			}
			logger.warn("tokenmeter: the default model '" + model + "' of " + chatModel.getClass().getSimpleName()
					+ " has no price; its calls will be counted as unpriced. " + action);
		}
	}

}
