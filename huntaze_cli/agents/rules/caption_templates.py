"""Caption wording, per language (en, fr), tone and platform. Data only; captions.py assembles it.

Placeholders: {topic} (the description's first sentence), {kw} (its main keyword), {e} (a tone emoji).
"""

from __future__ import annotations

TONES = ("playful", "romantic", "chill", "hype", "mysterious", "serious")

# Mood words (en + fr) mapped to a tone; unknown moods are reported in performanceInsights.
MOOD_TONES = {
    "playful": "playful", "fun": "playful", "funny": "playful", "silly": "playful", "cheeky": "playful",
    "happy": "playful", "drôle": "playful", "drole": "playful", "joueur": "playful", "joyeux": "playful",
    "romantic": "romantic", "flirty": "romantic", "sexy": "romantic", "sensual": "romantic", "love": "romantic",
    "romantique": "romantic", "coquin": "romantic", "sensuel": "romantic", "amoureux": "romantic",
    "chill": "chill", "relaxed": "chill", "calm": "chill", "cozy": "chill", "lazy": "chill", "peaceful": "chill",
    "détendu": "chill", "detendu": "chill", "calme": "chill", "cosy": "chill", "zen": "chill",
    "hype": "hype", "excited": "hype", "energetic": "hype", "party": "hype", "bold": "hype", "confident": "hype",
    "énergique": "hype", "energique": "hype", "excité": "hype", "fête": "hype", "fete": "hype",
    "mysterious": "mysterious", "dark": "mysterious", "moody": "mysterious", "secret": "mysterious",
    "mystérieux": "mysterious", "mysterieux": "mysterious", "sombre": "mysterious",
    "serious": "serious", "professional": "serious", "inspiring": "serious", "motivational": "serious",
    "informative": "serious", "sérieux": "serious", "serieux": "serious", "professionnel": "serious",
    "inspirant": "serious",
}
PLATFORM_DEFAULT_TONE = {"tiktok": "hype", "instagram": "playful", "twitter": "playful", "onlyfans": "romantic",
                         "facebook": "chill"}
EMOJIS = {"playful": ("😄", "✨", "🙌", "😜"), "romantic": ("💕", "🌹", "✨", "😘"), "chill": ("🌿", "☀️", "🌊", "😌"),
          "hype": ("🔥", "⚡", "🚀", "💥"), "mysterious": ("🖤", "🌙", "👀", "🔮"), "serious": ("💡", "📌", "✅", "🎯")}

HOOKS = {
    "en": {
        "playful": ("Okay, this one made me smile", "Plot twist:", "Not me doing this again",
                    "Warning: pure fun ahead"),
        "romantic": ("Some moments deserve to be slow", "Just for you", "Falling for this moment",
                     "Soft light, softer mood"),
        "chill": ("Slow day, good vibes", "Breathe in, slow down", "Nothing to prove today", "Easy does it"),
        "hype": ("Stop scrolling — you need to see this", "This is the one", "Energy level: maximum",
                 "Wait for it…"),
        "mysterious": ("Not everything is what it seems", "Can you guess what happens next?",
                       "Some secrets are worth keeping", "Look closer"),
        "serious": ("Here's what I learned", "Real talk", "Behind every post there's work", "Let's be honest"),
    },
    "fr": {
        "playful": ("Celle-ci m'a fait sourire", "Rebondissement :", "Je recommence, évidemment",
                    "Attention : bonne humeur garantie"),
        "romantic": ("Certains moments méritent de durer", "Rien que pour toi", "Je craque pour ce moment",
                     "Lumière douce, humeur tendre"),
        "chill": ("Journée tranquille, bonnes ondes", "On respire, on ralentit", "Rien à prouver aujourd'hui",
                  "Tout en douceur"),
        "hype": ("Arrête de scroller, regarde ça", "C'est celle-là", "Énergie au maximum", "Attends la fin…"),
        "mysterious": ("Rien n'est tout à fait ce qu'il paraît", "Tu devines la suite ?",
                       "Certains secrets valent la peine", "Regarde de plus près"),
        "serious": ("Voici ce que j'ai appris", "Parlons vrai", "Derrière chaque post, du travail",
                    "Soyons honnêtes"),
    },
}

STORY = {
    "en": ("Every detail of this {kw} moment tells a story.", "This is what {kw} looks like when you stop rushing.",
           "Saving this {kw} memory forever.", "I wanted you to feel this {kw} moment with me."),
    # French puts the noun first ("ce moment café" reads oddly), so the French lines do not inline {kw}.
    "fr": ("Chaque détail de ce moment raconte une histoire.", "Voilà à quoi ressemble la vie quand on prend "
           "son temps.", "Je garde ce souvenir pour toujours.", "Je voulais partager ce moment avec toi."),
}

CTA = {
    "en": {
        "tiktok": ("Follow for part 2 👀", "Comment '{kw}' if you want more", "Save this and send it to a friend",
                   "Duet this with your version"),
        "instagram": ("What would you add to this {kw} moment?", "Double tap if you feel this",
                      "Tag someone who needs this {kw} energy", "Which detail caught your eye first?"),
        "twitter": ("Thoughts?", "Who's in?", "Rate it 1–10", "Agree?"),
        "onlyfans": ("Tell me in DMs what you want next 💌", "Reply with your favourite emoji for a surprise",
                     "Should I post the rest? Vote in my DMs 🗳️", "What should I do next? You decide 😉"),
        "facebook": ("Share this with someone who would love it.", "Tell me in the comments: what's your take?",
                     "Who else needs to see this? Share it!", "Drop your own {kw} story below."),
    },
    "fr": {
        "tiktok": ("Abonne-toi pour la partie 2 👀", "Commente « {kw} » si tu en veux plus",
                   "Enregistre et envoie-la à un ami", "Fais un duo avec ta version"),
        "instagram": ("Tu ajouterais quoi à ce moment ?", "Double-tape si tu ressens ça",
                      "Identifie quelqu'un qui a besoin de cette énergie", "Quel détail as-tu vu en premier ?"),
        "twitter": ("Vos avis ?", "Qui est partant ?", "Une note sur 10 ?", "D'accord ?"),
        "onlyfans": ("Dis-moi en DM ce que tu veux ensuite 💌", "Réponds avec ton emoji préféré pour une surprise",
                     "Je poste la suite ? Vote en DM 🗳️", "Qu'est-ce que je fais ensuite ? À toi de choisir 😉"),
        "facebook": ("Partagez avec quelqu'un qui va adorer.", "Dites-moi en commentaire ce que vous en pensez.",
                     "Qui d'autre doit voir ça ? Partagez !", "Racontez-nous votre version en commentaire."),
    },
}

TEASER = {
    "en": ("Something exclusive is waiting for you 🔒", "The full {kw} set is only here.",
           "You're getting the first look.", "Only my favourites see the uncut version…"),
    "fr": ("Quelque chose d'exclusif t'attend 🔒", "La série complète est seulement ici.",
           "Tu as la primeur.", "Seuls mes favoris voient la version complète…"),
}

COMMUNITY = {
    "en": ("Thank you all for being such an amazing community.", "I love reading your stories in the comments.",
           "This community keeps me going every day.", "You kept asking for more posts like this one, so here it is."),
    "fr": ("Merci d'être une communauté aussi incroyable.", "J'adore lire vos histoires en commentaire.",
           "Cette communauté me motive chaque jour.", "Vous m'avez demandé plus de posts comme celui-ci, le voici."),
}

TYPE_HINT = {
    "en": {"photo": "", "video": "Watch till the end.", "story": "Here for 24 hours only."},
    "fr": {"photo": "", "video": "Regarde jusqu'au bout.", "story": "Disponible 24 heures seulement."},
}

FOR_AUDIENCE = {"en": "For all my {audience}.", "fr": "Pour tous mes {audience}."}

PLATFORM_TAGS = {"tiktok": ("#fyp", "#foryou", "#viral"), "instagram": ("#instagood",), "twitter": (),
                 "onlyfans": ("#exclusive",), "facebook": ("#community",)}
TYPE_TAGS = {("instagram", "video"): "#reels", ("tiktok", "story"): "#storytime",
             ("instagram", "photo"): "#photooftheday"}
