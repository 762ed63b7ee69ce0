app_name = "pact"

urlpatterns: list = []
