"""The passwords most often found in breach corpora, folded to lowercase.

A short built-in blocklist so that the policy works without a download. It holds the
passwords and password stems that top the published breach-frequency lists (the
"most common passwords" lists of NCSC, SplashData and NordPass, and the stems they
share). Applications that can afford a larger list (for example the Have I Been Pwned
corpus) pass it in :class:`commtrak.security.PasswordPolicy`.
"""

from __future__ import annotations

from typing import Final

# Kept as words, not 140 quoted strings, so that it reads and reviews as a list.
_WORDS: Final = """
    000000 00000000 0987654321 1111 111111 11111111 1111111111 112233 121212 123123
    123123123 123321 1234 12345 123456 1234567 12345678 123456789 1234567890 123456a
    123456789a 123abc 123qwe 123qweasd 123qweasdzxc 1q2w3e 1q2w3e4r 1q2w3e4r5t
    1q2w3e4r5t6y 1qaz2wsx 1qazxsw2 222222 654321 666666 696969 7777777 88888888 987654321
    a123456 a123456789 aa123456 aa12345678 abc123 abcd1234 abcdef access admin
    administrator asdf asdf1234 asdfasdf asdfgh asdfghjkl azerty bailey baseball batman
    charlie changeme cheese chelsea computer corvette dallas default dragon football
    freedom ginger hello hello123 helloworld hunter iloveyou internet jennifer jordan
    killer letmein liverpool login lovely maggie master matrix merlin michael monkey
    mustang nicole p@ssw0rd p@ssword pass passw0rd password password1 password12
    password123 password1234 passwordpassword pepper pokemon princess q1w2e3r4
    q1w2e3r4t5 q1w2e3r4t5y6 qazwsx qazwsxedc qwe123 qwer1234 qwerty qwerty1 qwerty123
    qwerty12345 qwerty123456 qwertyqwerty qwertyuiop ranger robert samsung secret shadow
    soccer starwars summer sunshine superman tigger trustno1 welcome whatever winter
    zaq12wsx zxcvbn zxcvbnm
"""

COMMON_PASSWORDS: Final = frozenset(_WORDS.split())
