"""The public site is open to all; "my data" to its owner; erasures are carried out by staff."""

import rules

from streekpact.partners.rules import is_logged_in, is_resoc_staff

rules.add_perm("public.view_my_data", is_logged_in)
rules.add_perm("public.request_erasure", is_logged_in)
rules.add_perm("public.carry_out_erasure", is_resoc_staff)
