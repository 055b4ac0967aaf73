"""Zarinpal payment gateway v4 contract (request -> StartPay -> verify)."""

LIVE_URL = "https://payment.zarinpal.com"
SANDBOX_URL = "https://sandbox.zarinpal.com"
REQUEST_PATH = "/pg/v4/payment/request.json"
VERIFY_PATH = "/pg/v4/payment/verify.json"
START_PAY_PATH = "/pg/StartPay/"
RETURN_ROUTE = "/payment/zarinpal/return"
MINIMUM_AMOUNT_RIAL = 1000

SUCCESS = 100
ALREADY_VERIFIED = 101
