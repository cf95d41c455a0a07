"""Reply wording for chat and suggest, per language (en, fr). Data only; replies.py assembles it.

Placeholders: {name} (", Mia" or ""), {offer} (the top upsell offer, or "new content").
"""

from __future__ import annotations

from huntaze_cli.agents.schemas import Tactic

T = Tactic

INTENT_WORDS = {
    "purchase": ("price", "buy", "cost", "how much", "ppv", "unlock", "custom", "video", "pics", "photos",
                 "content", "send", "combien", "acheter", "prix", "vidéo", "photo", "envoie"),
    "compliment": ("beautiful", "gorgeous", "hot", "cute", "amazing", "stunning", "love", "pretty", "belle",
                   "magnifique", "adore", "sublime", "canon", "jolie"),
    "greeting": ("hi", "hey", "hello", "whats new", "sup", "salut", "coucou", "bonjour", "yo"),
}

GREET = {"en": ("Hey{name}!", "Hi{name}!", "Well hello{name}!"), "fr": ("Coucou{name} !", "Salut{name} !",
                                                                        "Hey{name} !")}
INTENT = {
    "en": {
        "purchase": ("My {offer} is ready: {price} and it's yours. Want me to send it over?",
                     "I have just the thing: my {offer}, {price}."),
        "compliment": ("Aww, you just made me blush 🥰", "Stop it, you're too sweet 😊"),
        "greeting": ("Busy week here: I've been shooting new content and it's my favourite so far.",
                     "Just finished a shoot and you're the first person I'm talking to."),
        "question": ("Love that you asked!", "Good question — and I like where your head is at 😏"),
        "general": ("I love hearing from you.", "You always brighten my inbox."),
    },
    "fr": {
        "purchase": ("Mon {offer} est prêt : {price} et il est à toi. Je te l'envoie ?",
                     "J'ai exactement ce qu'il te faut : mon {offer}, {price}."),
        "compliment": ("Oh, tu me fais rougir 🥰", "Arrête, tu es trop mignon 😊"),
        "greeting": ("Grosse semaine ici : j'ai tourné du nouveau contenu, mon préféré jusqu'ici.",
                     "Je sors d'un shooting et c'est à toi que je parle en premier."),
        "question": ("J'adore que tu demandes !", "Bonne question — et j'aime où tu veux en venir 😏"),
        "general": ("J'adore avoir de tes nouvelles.", "Tu illumines toujours ma messagerie."),
    },
}

# Segment lines carry the tactic that fits the fan (see replies.py for the segments).
SEGMENT = {
    "en": {
        "reengage": (T.RECIPROCITY, "I've missed you around here! I saved a little something for you, free — "
                                    "check your DMs 💌"),
        "new": (T.SOCIAL_PROOF, "So happy you're here — my fans are loving this week's set, you'll see why 😉"),
        "regular": (T.EMOTIONAL_APPEAL, "You always make my day, and I made something I think you'll love."),
        "vip": (T.EXCLUSIVITY, "You're one of my absolute favourites, so you get first access before anyone "
                               "else 👑"),
    },
    "fr": {
        "reengage": (T.RECIPROCITY, "Tu m'as manqué ! Je t'ai gardé une petite surprise offerte — regarde tes "
                                    "DM 💌"),
        "new": (T.SOCIAL_PROOF, "Trop contente que tu sois là — mes fans adorent la série de cette semaine 😉"),
        "regular": (T.EMOTIONAL_APPEAL, "Tu illumines mes journées, et j'ai préparé quelque chose pour toi."),
        "vip": (T.EXCLUSIVITY, "Tu fais partie de mes préférés, alors tu y as accès avant tout le monde 👑"),
    },
}

CLOSE = {"en": ("What are you up to tonight?", "Tell me what you'd like to see next 😘", "How's your day going?"),
         "fr": ("Tu fais quoi ce soir ?", "Dis-moi ce que tu aimerais voir ensuite 😘", "Ta journée se passe bien ?")}

# suggest: one template per tone; sales-free wording is used off OnlyFans.
SUGGEST = {
    "en": (
        ("warm", T.EMOTIONAL_APPEAL, "Hey{name}! So good to hear from you — how's your day going?"),
        ("playful", T.PERSONALIZATION, "Haha{name}, you always know how to make me smile 😄 What's the plan tonight?"),
        ("flirty", T.RECIPROCITY, "Mmm{name}, you're trouble 😏 Want a little preview of what I shot today?"),
        ("vip", T.EXCLUSIVITY, "For you{name}: early access to my {offer} before anyone else 👑"),
        ("curious", T.PERSONALIZATION, "Tell me more{name} — what would you love to see from me next?"),
        ("grateful", T.EMOTIONAL_APPEAL, "Thank you for always being here{name}, it means a lot 💕"),
        ("teasing", T.SCARCITY, "I can't say too much yet{name}… only a few people are getting my {offer} 🤫"),
        ("excited", T.SOCIAL_PROOF, "Everyone's been loving my {offer} this week{name} — I think you would too!"),
        ("urgent", T.URGENCY, "Heads up{name}: my {offer} is only unlocked until midnight ⏳"),
        ("confident", T.AUTHORITY, "I've made a lot of content, and my {offer} is my best yet{name} ✨"),
    ),
    "fr": (
        ("warm", T.EMOTIONAL_APPEAL, "Coucou{name} ! Trop contente d'avoir de tes nouvelles — ta journée ?"),
        ("playful", T.PERSONALIZATION, "Haha{name}, tu sais toujours me faire sourire 😄 Le programme ce soir ?"),
        ("flirty", T.RECIPROCITY, "Mmm{name}, toi tu es dangereux 😏 Un petit aperçu de mon shooting du jour ?"),
        ("vip", T.EXCLUSIVITY, "Pour toi{name} : accès en avant-première à mon {offer} 👑"),
        ("curious", T.PERSONALIZATION, "Raconte-moi{name} — qu'est-ce que tu aimerais voir ensuite ?"),
        ("grateful", T.EMOTIONAL_APPEAL, "Merci d'être toujours là{name}, ça compte beaucoup 💕"),
        ("teasing", T.SCARCITY, "Je ne peux pas trop en dire{name}… très peu de gens auront mon {offer} 🤫"),
        ("excited", T.SOCIAL_PROOF, "Tout le monde adore mon {offer} cette semaine{name}, tu vas aimer aussi !"),
        ("urgent", T.URGENCY, "Attention{name} : mon {offer} est débloqué seulement jusqu'à minuit ⏳"),
        ("confident", T.AUTHORITY, "J'ai créé beaucoup de contenu, et mon {offer} est le meilleur{name} ✨"),
    ),
}
SOFT_OFFER = {"en": "latest post", "fr": "dernier post"}
