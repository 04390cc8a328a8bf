package io.marketbus.payments.wallets;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.marketbus.contract.Money;

/** An account's money. */
record Wallet(@JsonProperty("account_id") long accountId, Money balance) {}
